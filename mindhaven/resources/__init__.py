"""The mental-health resource library: articles, exercises, helplines and links."""

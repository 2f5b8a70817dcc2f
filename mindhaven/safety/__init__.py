"""Safety: the crisis check every piece of client-written text passes, and the resources shown on a risk."""

"""Security building blocks: password hashing, encryption at rest, audit log, HTTP headers."""

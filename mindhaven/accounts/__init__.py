"""Sign-up, login, password reset, settings and data rights."""

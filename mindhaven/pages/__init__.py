"""Landing page, per-role dashboards, crisis help and the health check."""

"""WSGI entry point for production servers: `gunicorn mindhaven.wsgi:app`."""

from mindhaven import create_app

app = create_app()

"""Tests on a real PostgreSQL server (tests/pg_server.py); run after the GUI tests."""

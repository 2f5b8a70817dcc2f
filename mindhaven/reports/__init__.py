"""Trends, treatment goals and the weekly report."""

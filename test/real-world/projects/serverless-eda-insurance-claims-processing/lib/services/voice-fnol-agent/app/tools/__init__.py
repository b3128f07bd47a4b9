"""Agent tools for claim processing."""

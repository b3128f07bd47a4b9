"""Test suite for Voice-Enabled FNOL Agent."""

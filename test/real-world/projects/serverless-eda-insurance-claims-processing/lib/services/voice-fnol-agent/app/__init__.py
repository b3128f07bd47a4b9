"""Voice-Enabled FNOL Agent Application Package."""

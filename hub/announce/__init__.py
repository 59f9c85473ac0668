"""Announcing newly live ideas to Teams, Slack and email digests, each once per target."""

"""What each module's exercises check: one file per module, named after its folder (01-scoping-ai: scoping_ai)."""

"""The audit trail screens: filter the entries, verify the chain. The recorder itself is ``core/audit.py``."""

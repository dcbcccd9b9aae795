"""Files attached to records (action-taken reports, tickets, replies in cases): checked by their content, not their
name, size-limited, stored in the database in the same transaction as the record that carries them.

A module links attachments to its records through its own association table and serves them through its own route,
which checks access to that record first and then answers with ``attachments.operations.attachment_response``.
"""

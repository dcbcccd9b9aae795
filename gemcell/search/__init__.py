"""Full-text search over the cell's texts (opinions, GOs and circulars, the knowledge base of resolved tickets): one
interface on SQLite (FTS5) and PostgreSQL (``tsvector`` with a GIN index).

A module indexes a record with ``operations.index_entry(kind, ref_id, title, body, ...)`` whenever the record's text
changes, and searches with ``queries.search(text, kinds=...)``. Words are cut and stemmed here, in Python, by the
Snowball stemmers (Hindi and English), so that "प्रक्रियाओं" finds "प्रक्रिया" and "payments" finds "payment" on both
databases alike; an exact phrase is asked for in double quotes. Neither database's own tokenizer keeps a Devanagari
word whole (both cut it at the vowel signs), so each stemmed Hindi word is stored as an ASCII token (``terms.py``).
"""

"""Cross-cutting code: database base classes, views, permissions, htmx, i18n, audit. No domain logic."""

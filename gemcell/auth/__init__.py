"""Users, login and logout, language choice."""

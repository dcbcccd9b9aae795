"""The directory: departments of the State, their offices, and the districts they sit in."""

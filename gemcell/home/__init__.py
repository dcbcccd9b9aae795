"""Home = my work: each role lands on what awaits it. Also the health check."""

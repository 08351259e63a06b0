"""Use cases. Each takes a database session and the acting party explicitly; none touches the request."""

"""Operations tooling run by the municipality's operations team (docs/deploy.md), not by any web request."""

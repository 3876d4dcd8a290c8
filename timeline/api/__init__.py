"""The GraphQL API (strawberry) and the ASGI app that serves it."""

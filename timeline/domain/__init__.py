"""Pure domain: event types and the article/claim model. No I/O here."""

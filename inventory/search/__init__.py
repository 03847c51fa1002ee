"""Item search: ranked, typo-tolerant on PostgreSQL, the same literal answers on SQLite."""

"""The knowledge base: curated content (knowledge/*.yml) validated, stored in SQL and searchable.

Actions use `bot.kb.api.KnowledgeBase` only; they never write SQL or hold facts themselves.
"""

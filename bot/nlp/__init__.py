"""Dutch language processing shared by the NLU pipeline and knowledge search."""

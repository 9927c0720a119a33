"""newsgraph: who met whom, where and when, read from news articles."""

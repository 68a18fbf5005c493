"""Chinese full-text search: a Whoosh + jieba backend for Wagtail's search API, and the public search page.

``backend`` (the class Wagtail loads), ``storage`` (index directory, lock, atomic swap), ``index`` (documents,
index and rebuilder), ``query`` (query compilers), ``results``, ``analysis`` (the jieba/rjieba analyser),
``synonyms`` and ``highlight``. Nothing here loads the segmenter at import time.
"""

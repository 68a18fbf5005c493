from wagtail import hooks

from config.page_cache import serve_with_page_cache

hooks.register("on_serve_page", serve_with_page_cache)

"""The jargon buster: glossary terms, managed as Wagtail snippets."""

__all__: list[str] = []

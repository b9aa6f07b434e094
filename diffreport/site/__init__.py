"""The static site of all reports: ``diffreport site build`` and ``diffreport site serve``.

Modules: :mod:`.reports` (read report Markdown files), :mod:`.markdown` (Markdown to safe HTML),
:mod:`.diffview` (a diff block as a coloured, word-highlighted view), :mod:`.pages` (page contexts and
rendering), :mod:`.feeds` (Atom, sitemap), :mod:`.search` (the client-side index), :mod:`.build` (the
incremental builder) and :mod:`.serve` (local preview). Its ``[site]`` settings are
:mod:`diffreport.settings.site`.
"""

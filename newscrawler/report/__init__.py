"""Drawing the archive's numbers: bar charts for the terminal (``bars``) and the self-contained
HTML report (``html``, with its SVG charts in ``svg``). Takes plain data from
``newscrawler.archive.coverage`` and imports nothing else of ours."""

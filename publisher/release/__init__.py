"""The release as a service: stage an article, render and check each channel, release all or nothing.

From the bottom up: ``report`` (the typed report), ``report_page`` and ``report_files`` (its page, and
the one writer of both files), ``staging`` (the release's folder), ``steps`` (render, check),
``public_tree`` (switching files in), ``finish`` (all or nothing), ``tracking`` and ``dispatch`` (in
this process, or on workers by task name), ``follow`` and ``resume``, ``publish`` (the rules, stage,
run, send), and on top ``console`` and ``cli``.

The recorded release (a database record is its source of truth): ``views`` (what is shown),
``record_steps`` (the steps moving the record on), ``record_dispatch`` (by id, a queue per
channel), ``recording`` (record and start), ``sweeper`` (ended embargoes, stuck releases),
``withdraw``, ``newsletter_send``, and on top ``service`` and ``record_cli``.
"""

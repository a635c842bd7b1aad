"""Speech: the script a listener hears, made from the canonical article, and the engines that speak it.

``script`` builds a ``SpeechScript`` (intro, title, lead, body, outro), ``normalize_de`` and
``normalize_en`` turn written text into what a reader would say, ``lexicon`` applies an
organisation's pronunciations, ``engines`` holds one module per text-to-speech engine and
``chunks`` synthesises the script in parallel chunks.
"""

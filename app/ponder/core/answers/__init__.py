"""Answers: the one pipeline every caller drives (pipeline), saving while streaming (recorder),
figures, comparison columns, function tools, titles, attachments."""

"""The project's own Chinese formats, over Django's zh_Hans ones: a month and day read 12月7日
as in official text (Django's "m月j日" pads January to 01月)."""

MONTH_DAY_FORMAT = "n月j日"

"""Disclosure control: the one place that decides which figures built from respondents'
answers may be shown (`table`), with the thresholds and wording it uses (`rules`) and the
national benchmark's own rules across areas (`national`). See docs/adr/0007."""

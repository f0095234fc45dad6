"""The intranet back office (报送与审核): clerks deliver their agency's workbooks and read the check at once;
the agency's reviewer signs off. A Django project of its own; the disclosure package never imports it."""

"""工作台: the home page's agenda across the modules, the year at a glance, the reporting
calendar (报送日历) and what of it is owed."""

Feature: Indentation
	Scenario: Tabs
		Given a tab-indented step
			| a	| b |
  Scenario: No-break spaces
　　Given an ideographic-space-indented step

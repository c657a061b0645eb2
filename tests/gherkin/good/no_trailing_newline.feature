Feature: No newline at the end
  Scenario: Last line
    Then status is "200"
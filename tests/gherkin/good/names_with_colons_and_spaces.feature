Feature:   A feature: with a colon   
  Scenario:no space after the colon
    Given a step with trailing spaces   
  Scenario: url http://localhost:8080/x
    Given a step: with a colon
  Scenario:
    Given an unnamed scenario


# comment
some text
Feature: F
  Scenario: S
    Given a

Feature: Incomplete

  Background:

  Scenario: No steps

  Scenario Outline: No examples
    Given a step

  Rule: Empty rule

Feature: Keywords inside text
  Feature descriptions may say Scenario: without starting one? No: this line is a description.
  Scenario: Given When Then in a name
    Given text with Scenario: inside
    When Examples: appear in a step
    Then a step mentions Feature:

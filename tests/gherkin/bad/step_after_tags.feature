Feature: F
  @tag
  Given a step right after tags
  Scenario: S

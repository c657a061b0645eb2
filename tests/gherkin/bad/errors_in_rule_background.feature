Feature: F
  Rule: R
    Background:
      Given a
      oops
    Scenario: S
      Given b
      | x |
      | y | z |

# language: xx-unknown
Feature: F
  Scenario: S
    Given a

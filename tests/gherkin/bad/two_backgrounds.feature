Feature: F
  Background: One
    Given a
  Background: Two
    Given b

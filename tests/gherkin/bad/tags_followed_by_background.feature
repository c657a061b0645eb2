Feature: F
  @tag
  Background:
    Given a

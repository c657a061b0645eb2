Feature: F
  Background:
    Given a body
      | a |
      ```json
      {}

Feature: F
  @tag
  Scenari0: T
    Given b

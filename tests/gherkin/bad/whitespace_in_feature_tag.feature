@needs review
Feature: F

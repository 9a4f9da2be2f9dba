import Testing
@testable import PtolemyEngine

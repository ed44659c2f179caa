@echo off
rem Install the aitrain course from this kit, with no network, then check the computer with `aitrain doctor`.
rem Usage: install.bat [FOLDER]   FOLDER is where the course's Python environment goes (default %USERPROFILE%\aitrain-env).
rem Needs Python @PYTHON@ (the "py" launcher from python.org, or python on the PATH).
rem Asks the participant's name (as on the trainer's list) and writes it into their copy of the notebooks;
rem set AITRAIN_NAME to give it without asking, AITRAIN_COURSE_DIR to put the copy elsewhere than %USERPROFILE%\aitrain-course.
setlocal
chcp 65001 >nul
set "KIT=%~dp0"
set "ENV_DIR=%~1"
if "%ENV_DIR%"=="" set "ENV_DIR=%USERPROFILE%\aitrain-env"
if not exist "%KIT%wheels\windows-amd64" (
  echo This kit was built without the packages for Windows ^(no folder wheels\windows-amd64^).
  exit /b 1
)
set "PY=python"
where py >nul 2>nul && set "PY=py -@PYTHON@"
%PY% -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '@PYTHON@'.split('.'))))" 2>nul
if errorlevel 1 (
  echo This kit needs Python @PYTHON@. Install it from the python.org installer, then run install.bat again.
  exit /b 1
)
echo Installing the course into %ENV_DIR% ^(no internet needed^) ...
%PY% -m venv "%ENV_DIR%" || exit /b 1
"%ENV_DIR%\Scripts\python.exe" -m pip install --quiet --no-index --find-links "%KIT%wheels\windows-amd64" aitrain || exit /b 1
set "NAME=%AITRAIN_NAME%"
if "%NAME%"=="" set /p "NAME=Your name as on your trainer's list (written into your notebooks; Enter to skip): "
if not "%NAME%"=="" (
  if "%AITRAIN_COURSE_DIR%"=="" ("%ENV_DIR%\Scripts\aitrain.exe" lab --copy-only --name "%NAME%") else ("%ENV_DIR%\Scripts\aitrain.exe" lab --copy-only --name "%NAME%" --dir "%AITRAIN_COURSE_DIR%")
)
"%ENV_DIR%\Scripts\aitrain.exe" doctor
echo Done. Open the course with: "%ENV_DIR%\Scripts\aitrain.exe" lab
